# A data-only image holding the City database the pods read at /data/geoip (their init container
# copies it into a volume). Build it from a folder holding your licensed GeoLite2-City.mmdb:
#   docker build -f deploy/docker/geoip.Dockerfile -t registry.example.com/asteroid-geoip:2026-12 /path/to/folder
# Rebuild with a new tag to ship a newer database; the pods pick it up on their next rollout.
FROM busybox:1.37
COPY GeoLite2-City.mmdb /geoip/GeoLite2-City.mmdb
USER 65534
