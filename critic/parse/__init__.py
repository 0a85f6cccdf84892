"""Parse any supported input into a `critic.model.Document`.

parse(path) reads the file, checks size, then detects the format from the content and runs the
format's parser in a resource-limited child process (see critic.parse.sandbox).
"""
