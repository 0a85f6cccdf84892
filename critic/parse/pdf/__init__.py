"""PDF resumes: PDFium characters (chars) -> glyphs and words (text) -> lines, columns and reading order
(layout) -> blocks (blocks); reader.parse_pdf runs the whole path."""
