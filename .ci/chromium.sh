# Installs the distribution's Chromium (and a CJK font, so screenshots show the Chinese UI) when missing.
# Sourced by .ci/run; Playwright drives /usr/bin/chromium because its own browser download does not work here.

install_chromium() {
  local packages=()
  [ -x /usr/bin/chromium ] || packages+=(chromium)
  fc-list 2>/dev/null | grep -qi -E "wenquanyi|noto sans cjk" || packages+=(fonts-wqy-zenhei)
  if [ ${#packages[@]} -gt 0 ]; then
    echo "Installing ${packages[*]} from the distribution's packages..."
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq "${packages[@]}" >/dev/null
  fi
  echo "$(/usr/bin/chromium --version 2>/dev/null || echo 'chromium: not found')"
}
