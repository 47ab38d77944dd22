"""CSV and XLSX exports: column specs shared by both writers, the writers, and the background jobs.

``export_studies`` in ``core`` is the one entry point the web views, the task and the command share.
"""
