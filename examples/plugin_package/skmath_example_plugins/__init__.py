"""Example plugins for skmath, registered through entry points (see setup.cfg).

Nothing here is imported by ``import skmath``: the registry reads the entry
points' ``"module:attr"`` strings and imports a plugin on first use.
"""
