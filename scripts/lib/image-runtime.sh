# Sourced by scripts that run the jar as Dockerfile.arm64's image does. Run from the project root.
# Sets image_jvm_flags (the -X flags of the ENTRYPOINT) and image_env (the MALLOC_* settings of its ENV
# lines, as NAME=VALUE words for `env`), so what is measured or smoke-tested is what the image runs.
mapfile -t image_jvm_flags < <(grep '^ENTRYPOINT' Dockerfile.arm64 | grep -o '"-X[^"]*"' | tr -d '"')
mapfile -t image_env < <(grep -o '^\(ENV \)\? *MALLOC_[A-Z_]*=[0-9]*' Dockerfile.arm64 | sed 's/^ENV //; s/^ *//')
