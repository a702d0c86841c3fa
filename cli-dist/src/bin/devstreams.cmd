@echo off
rem The devstreams CLI (Windows): device registry, 'forward' (local port forwarding) and 'stdio'
rem streams; 'devstreams --help'. Needs a Java 17+ runtime: %JAVA_HOME%\bin\java.exe, else java
rem on PATH. DEVSTREAMS_JAVA_OPTS adds JVM options.
setlocal
set "DEVSTREAMS_JAR=%~dp0..\lib\devstreams.jar"
if defined JAVA_HOME (
  set "DEVSTREAMS_JAVA=%JAVA_HOME%\bin\java.exe"
) else (
  set "DEVSTREAMS_JAVA=java.exe"
)
if defined JAVA_HOME if not exist "%DEVSTREAMS_JAVA%" (
  echo devstreams: %DEVSTREAMS_JAVA% not found: install a Java 17+ runtime or fix JAVA_HOME 1>&2
  exit /b 1
)
if not defined JAVA_HOME (
  where java.exe >nul 2>nul || (
    echo devstreams: java not found: install a Java 17+ runtime ^(or set JAVA_HOME^) 1>&2
    exit /b 1
  )
)
"%DEVSTREAMS_JAVA%" -XX:+UseSerialGC -Xss512k -Xshare:auto -Xlog:disable -Xlog:all=warning:stderr %DEVSTREAMS_JAVA_OPTS% -jar "%DEVSTREAMS_JAR%" %*
exit /b %ERRORLEVEL%
