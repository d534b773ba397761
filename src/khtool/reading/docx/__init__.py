"""Word documents (.docx), and .doc/.odt through LibreOffice."""
