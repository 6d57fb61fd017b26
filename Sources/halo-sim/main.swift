print("halo-sim: not yet implemented")
