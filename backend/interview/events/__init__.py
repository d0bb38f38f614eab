"""The event bus: see bus.py for the interface, build.py for the choice of implementation."""
