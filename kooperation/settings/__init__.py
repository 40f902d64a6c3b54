"""Settings, one module per mode: ``base`` (shared), ``dev`` (default for manage.py),
``production`` (``manage.py check --deploy`` clean) and ``test``."""
