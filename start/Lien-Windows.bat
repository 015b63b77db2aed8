@echo off
rem Lien's starter for Windows: double-click it in the Explorer.
rem The same steps as start/lien-linux.sh; not tested on Windows by the project's tests.
rem First run: a virtual environment in the app's folder (.venv), requirements.txt installed
rem into it (from the folder wheels\ beside the app when there is one, else from the internet).
rem Every later run: no installation, no internet; the app starts for the room and the
rem presenter's start page opens in the browser. Options go to `python -m lien serve`.
setlocal EnableExtensions EnableDelayedExpansion
chcp 65001 >nul
cd /d "%~dp0.."

set "ENGLISH=0"
for /f "usebackq delims=" %%L in (`powershell -NoProfile -Command "(Get-UICulture).TwoLetterISOLanguageName" 2^>nul`) do set "UILANG=%%L"
if /i "%UILANG%"=="en" set "ENGLISH=1"

set "PY="
for %%C in ("%LIEN_PYTHON%" "py -3" "python" "python3") do (
  if not defined PY (
    if not "%%~C"=="" (
      %%~C -c "import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)" >nul 2>&1 && set "PY=%%~C"
    )
  )
)
if not defined PY (
  if "%ENGLISH%"=="1" (
    echo Lien needs Python 3.11 or newer: install it from https://www.python.org/downloads/windows/ ^(tick "Add python.exe to PATH"^), then start Lien again.
  ) else (
    echo Lien a besoin de Python 3.11 ou plus récent : installez-le depuis https://www.python.org/downloads/windows/ ^(cochez « Add python.exe to PATH »^), puis relancez Lien.
  )
  pause
  exit /b 1
)

set "VENV=%CD%\.venv"
set "VPY=%VENV%\Scripts\python.exe"
set "MARKER=%VENV%\lien-installed"
for /f "usebackq delims=" %%H in (`%PY% -c "import hashlib; print(hashlib.sha256(open('requirements.txt','rb').read()).hexdigest())"`) do set "WANTED=%%H"
set "HAVE="
if exist "%MARKER%" set /p HAVE=<"%MARKER%"

if not exist "%VPY%" goto install
if not "%HAVE%"=="%WANTED%" goto install
goto serve

:install
if "%ENGLISH%"=="1" (
  echo First start: Lien installs itself in its folder ^(a few minutes, once^)...
) else (
  echo Premier lancement : Lien s'installe dans son dossier ^(quelques minutes, une seule fois^)...
)
if not exist "%VPY%" %PY% -m venv "%VENV%"
set "SOURCE="
if exist "%CD%\wheels\" set "SOURCE=--no-index --find-links "%CD%\wheels""
rem --no-compile: pip would byte-compile every module of every package (half the install's
rem time); Python compiles the few the app imports on its first start, once.
"%VPY%" -m pip install --disable-pip-version-check --no-compile -q %SOURCE% -r requirements.txt
if errorlevel 1 (
  if "%ENGLISH%"=="1" (
    echo The installation did not finish: check the internet connection ^(or the wheels folder beside Lien^), then start Lien again.
  ) else (
    echo L'installation n'a pas abouti : vérifiez la connexion à internet ^(ou le dossier wheels à côté de Lien^), puis relancez Lien.
  )
  pause
  exit /b 1
)
> "%MARKER%" echo %WANTED%

:serve
"%VPY%" -m lien serve %*