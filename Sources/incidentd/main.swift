print("incidentd")
