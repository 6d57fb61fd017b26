print("hmcp-index: not yet implemented")
