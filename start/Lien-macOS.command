#!/usr/bin/env bash
# Lien's starter for macOS: double-click it in the Finder (it opens in Terminal).
# The same steps as start/lien-linux.sh; not tested on macOS by the project's tests.
# First run: a virtual environment in the app's folder (.venv), requirements.txt installed
# into it (from the folder wheels/ beside the app when there is one, else from the internet).
# Every later run: no installation, no internet; the app starts for the room and the
# presenter's start page opens in the browser. Options go to `python -m lien serve`
# (--port N, --no-browser, --local-only). LIEN_PYTHON: the Python to use, if not the usual.
set -u
here="$(cd "$(dirname "$0")" && pwd)"
app="$(dirname "$here")"
cd "$app" || exit 1

system_language="$(defaults read -g AppleLanguages 2>/dev/null | tr -d ' "(),\n' | cut -c1-2)"
case "${LC_ALL:-${LC_MESSAGES:-${LANG:-$system_language}}}" in
  en*) english=1 ;;
  *) english=0 ;;
esac

say() {  # say "French sentence" "English sentence"
  if [ "$english" = 1 ]; then printf '%s\n' "$2"; else printf '%s\n' "$1"; fi
}

fail() {  # the sentence, then (in a window) wait so that it can be read
  say "$1" "$2" >&2
  if [ -t 0 ]; then
    say "Appuyez sur Entrée pour fermer cette fenêtre." "Press Enter to close this window."
    read -r _
  fi
  exit 1
}

python=""
for candidate in ${LIEN_PYTHON:-} python3 python3.13 python3.12 python3.11 python; do
  if command -v "$candidate" >/dev/null 2>&1 &&
    "$candidate" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' 2>/dev/null; then
    python="$candidate"
    break
  fi
  [ -n "${LIEN_PYTHON:-}" ] && break  # the one asked for, or none
done
if [ -z "$python" ]; then
  fail "Lien a besoin de Python 3.11 ou plus récent : installez-le depuis https://www.python.org/downloads/macos/, puis relancez Lien." \
    "Lien needs Python 3.11 or newer: install it from https://www.python.org/downloads/macos/, then start Lien again."
fi

venv="$app/.venv"
venv_python="$venv/bin/python"
marker="$venv/lien-installed"
wanted="$("$python" -c 'import hashlib, sys; print(hashlib.sha256(open(sys.argv[1], "rb").read()).hexdigest())' requirements.txt)"

if [ ! -x "$venv_python" ] || [ "$(cat "$marker" 2>/dev/null)" != "$wanted" ]; then
  say "Premier lancement : Lien s'installe dans son dossier (quelques minutes, une seule fois)…" \
    "First start: Lien installs itself in its folder (a few minutes, once)…"
  if [ ! -x "$venv_python" ]; then
    if ! "$python" -m venv "$venv"; then
      rm -rf "$venv"
      fail "Python ne peut pas créer l'environnement de Lien : réinstallez Python depuis https://www.python.org/downloads/macos/, puis relancez Lien." \
        "Python cannot create Lien's environment: install Python again from https://www.python.org/downloads/macos/, then start Lien again."
    fi
  fi
  if [ -d "$app/wheels" ]; then
    source_args=(--no-index --find-links "$app/wheels")
  else
    source_args=()
  fi
  # --no-compile: pip would byte-compile every module of every package (half the install's
  # time); Python compiles the few the app imports on its first start, once.
  if ! "$venv_python" -m pip install --disable-pip-version-check --no-compile -q "${source_args[@]}" -r requirements.txt; then
    fail "L'installation n'a pas abouti : vérifiez la connexion à internet (ou le dossier wheels à côté de Lien), puis relancez Lien." \
      "The installation did not finish: check the internet connection (or the wheels folder beside Lien), then start Lien again."
  fi
  printf '%s\n' "$wanted" >"$marker"
fi

exec "$venv_python" -m lien serve "$@"
