"""PDF plans: words and ruling lines from PDFium (pdfplumber where it cannot), the page layout and its tables."""
