"""The web pages the gateway serves: sign-in, the portal, the scheduler and clinic settings.

Plain HTML, CSS and small JavaScript modules that call the gateway's JSON API with `fetch`: no
build step and no front-end server, so what is in `html/` and `assets/` is exactly what a browser
gets.
"""
