"""OCR of scanned pages: Tesseract, page cleaning, skew, ruled-table grids and vocabulary corrections."""
