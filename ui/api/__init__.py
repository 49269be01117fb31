"""The service API on the web server: REST under `/api`, OpenAI-compatible under `/v1`.

`service.add_api` puts both on the FastAPI app ui/web/server.py builds, before Gradio's mount
at `/`, behind the same Host/Origin checks and body caps, plus API keys and a rate limit
(`keys`). Every answer comes from `qa.api`; `errors` turns news-qa's errors into statuses.
"""
