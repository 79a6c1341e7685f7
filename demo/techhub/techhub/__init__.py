"""TechHub: articles, tutorials and discussions for tech enthusiasts (Slipway demo service)."""
