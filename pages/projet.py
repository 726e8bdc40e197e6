"""Cold start only: Streamlit's legacy navigation runs this file for the first deep link a new
server serves; it runs app.py (see components/cold_start.py). Ignored afterwards."""

from components.cold_start import run_entrypoint

run_entrypoint()
