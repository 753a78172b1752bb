# Pinned versions, sourced by the scripts. Debian packages are pinned by the Debian 12 release.
FERRETDB_VERSION=v1.24.2
