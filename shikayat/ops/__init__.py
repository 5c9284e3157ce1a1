"""Running the service: health and readiness probes, Prometheus metrics, request ids on every log line."""
