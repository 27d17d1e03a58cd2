# Sourced with a script's arguments ("$@") by the scripts that take --image as their first argument:
# with it, sets opts (JVM flags) and server_env (NAME=VALUE words for `env`) to what Dockerfile.arm64's
# image runs (scripts/lib/image-runtime.sh) and image_shift to 1, for the caller's `shift "$image_shift"`;
# without it, both empty and image_shift 0. Run from the project root.
opts=()
server_env=()
image_shift=0
if [ "${1-}" = "--image" ]; then
  # shellcheck source=scripts/lib/image-runtime.sh
  . scripts/lib/image-runtime.sh
  opts=("${image_jvm_flags[@]}")
  server_env=("${image_env[@]}")
  image_shift=1
fi
