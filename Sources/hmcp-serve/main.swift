print("hmcp-serve: not yet implemented")
