"""Chart builders, one module per topic; common.py holds the shared frame, palette and helpers."""
