"""DOCX resumes: paragraphs, lists and tables as blocks (reader.parse_docx), with the zip checks."""
