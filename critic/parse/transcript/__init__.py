"""Interview transcripts: readers of plain text (text), captions (captions) and Word exports (docx) give
segments (common); turns tells speakers apart; reader turns segments into the document model."""
