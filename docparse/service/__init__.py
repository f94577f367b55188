"""The HTTP service and web page (`docparse serve`): `docparse.service.app.create_app`.

Kept empty on purpose: parse workers import docparse.service.jobs, and should
not pay for importing FastAPI on the way.
"""
