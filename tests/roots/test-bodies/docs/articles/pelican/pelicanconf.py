AUTHOR = "Example"
