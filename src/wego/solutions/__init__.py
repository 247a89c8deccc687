"""E-government modules, action items, plans: the Solution part of CeDS."""
