"""Plain-text and Markdown plans: decoding, tables written in text, text dumps of PDFs."""
