"""The `hotline` command line: thin commands that parse input, call one service, print."""
