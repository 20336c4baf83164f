"""gapcheck: fit & gap analysis against Japan's local-government standard specifications (標準仕様書)."""

__version__ = "0.1.0"
