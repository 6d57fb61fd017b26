// HaloSim module: see Package.swift for its purpose.
