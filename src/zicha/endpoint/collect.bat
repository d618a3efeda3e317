@echo off
rem ==========================================================================
rem  zicha Windows collector (collect.bat) - bundle format 1
rem
rem    collect.bat [OUTPUT_FOLDER] [SERVER_URL] [ENROLLMENT_TOKEN]
rem
rem  Runs on Windows 7 SP1 and later with nothing installed. Read-only: it
rem  changes no setting and never collects a password (the Winlogon
rem  DefaultPassword value is only tested for existence, its data goes to nul).
rem  Writes ONE file  OUTPUT_FOLDER\COMPUTERNAME_yyyymmddHHMMSS.zbundle
rem  (default folder: the folder of this script). With SERVER_URL and
rem  ENROLLMENT_TOKEN the bundle is also POSTed to the server; a failed upload
rem  never fails the collection (the file stays in the folder).
rem
rem  Run it elevated ("Run as administrator", or as a GPO computer startup
rem  script, i.e. SYSTEM): secedit and some HKLM keys need it. Run it while the
rem  workstation's user is logged on, or the screen-lock check cannot be judged.
rem  Console output is kept in the console code page (936 = GBK on zh-CN);
rem  wmic and secedit output is kept as raw UTF-16LE. See docs/collector.md.
rem ==========================================================================
setlocal EnableExtensions DisableDelayedExpansion
set "ZV=1.0.0"

rem -- started from a 32-bit host on 64-bit Windows: re-run in the native cmd.exe
rem    so that System32 and HKLM\SOFTWARE are not redirected
if not defined PROCESSOR_ARCHITEW6432 goto :native
if not exist "%SystemRoot%\Sysnative\cmd.exe" goto :native
"%SystemRoot%\Sysnative\cmd.exe" /d /c ""%~f0" %*"
exit /b %ERRORLEVEL%
:native

set "OUTDIR=%~1"
if "%OUTDIR%"=="" set "OUTDIR=%~dp0"
if "%OUTDIR:~-1%"=="\" set "OUTDIR=%OUTDIR:~0,-1%"
if not exist "%OUTDIR%\" mkdir "%OUTDIR%" >nul 2>&1
if not exist "%OUTDIR%\" (
    echo zicha: cannot create the output folder "%OUTDIR%" 1>&2
    exit /b 2
)
set "URL=%~2"
set "TOKEN=%~3"

set "T=%TEMP%\zicha_%RANDOM%%RANDOM%"
mkdir "%T%" >nul 2>&1
if not exist "%T%\" set "T=%OUTDIR%\zicha_tmp_%RANDOM%%RANDOM%"
mkdir "%T%" >nul 2>&1
set "TF=%T%\out.tmp"
set "EF=%T%\err.tmp"
set "ERRLOG=%T%\stderr.log"
type nul >"%ERRLOG%"

rem -- wmic is missing on Windows 11 24H2 / Server 2025 installs without the
rem    WMIC feature: those sections then come from PowerShell (same format)
set "NOWMIC="
where wmic >nul 2>&1
if errorlevel 1 set "NOWMIC=1"
set "NOPS="
where powershell >nul 2>&1
if errorlevel 1 set "NOPS=1"
set "WENC=encoding=utf-16le"
if defined NOWMIC set "WENC="

rem -- time: wmic LocalDateTime is yyyymmddHHMMSS.ffffff+ooo (offset in minutes);
rem    the first wmic call also absorbs wmic's one-time "installing" message
set "LDT="
if defined NOWMIC goto :time_ps
for /f "usebackq tokens=2 delims==" %%A in (`wmic os get LocalDateTime /value 2^>nul ^<nul ^| find "="`) do for /f "delims=" %%B in ("%%A") do set "LDT=%%B"
:time_ps
if defined LDT goto :time_ok
if defined NOPS goto :time_ok
for /f "usebackq delims=" %%A in (`powershell -NoProfile -NonInteractive -Command "(Get-Date).ToUniversalTime().ToString('yyyyMMddHHmmss')" ^<nul 2^>nul`) do set "LDT=%%A.000000+000"
:time_ok
set "CAT=unknown"
set "STAMP=%RANDOM%%RANDOM%"
if not defined LDT goto :time_done
set "STAMP=%LDT:~0,14%"
call :utc
:time_done

rem -- console code page ("Active code page: 936" / "...: 936")
set "CP="
for /f "tokens=2 delims=:" %%C in ('chcp') do set "CP=%%C"
if defined CP set "CP=%CP: =%"
if defined CP set "CP=%CP:.=%"

set "B=Zb%RANDOM%x%RANDOM%x%RANDOM%x%RANDOM%"
set "OUT=%OUTDIR%\%COMPUTERNAME%_%STAMP%.zbundle"
set "PART=%OUT%.part"

> "%PART%" echo ZICHA-BUNDLE 1
>>"%PART%" echo boundary: %B%
>>"%PART%" echo platform: windows
>>"%PART%" echo hostname: %COMPUTERNAME%
>>"%PART%" echo collector: collect.bat %ZV%
>>"%PART%" echo collected_at: %CAT%
>>"%PART%" echo codepage: %CP%
>>"%PART%" echo wmic_missing: %NOWMIC%
>>"%PART%" echo bundle_format: 1
>>"%PART%" echo(
echo zicha: collecting %COMPUTERNAME% ...

rem ================================ sections ================================
call :begin whoami
whoami /groups /fo csv /nh <nul >"%TF%" 2>"%EF%"
call :put whoami %ERRORLEVEL%

rem -- operating system
call :begin os %WENC%
if defined NOWMIC goto :os_ps
wmic os get BuildNumber,Caption,CSDVersion,LastBootUpTime,OSArchitecture,ProductType,Version /value <nul >"%TF%" 2>"%EF%"
call :put os %ERRORLEVEL%
goto :os_done
:os_ps
set "CIMCLS=Win32_OperatingSystem"
set "CIMNS=root/cimv2"
set "CIMFLT="
set "CIMPROPS=BuildNumber,Caption,CSDVersion,LastBootUpTime,OSArchitecture,ProductType,Version"
call :cim os
:os_done

call :begin os_reg
for %%V in (ProductName EditionID InstallationType CurrentBuild CurrentVersion CurrentMajorVersionNumber CurrentMinorVersionNumber DisplayVersion ReleaseId UBR CSDVersion) do call :rq cv "HKLM\SOFTWARE\Microsoft\Windows NT\CurrentVersion" %%V
call :end os_reg 0

rem -- patches and MS17-010 (srv.sys version, KB4023262 method 2)
call :begin hotfixes %WENC%
if defined NOWMIC goto :qfe_ps
wmic qfe get HotFixID,InstalledOn /value <nul >"%TF%" 2>"%EF%"
call :put hotfixes %ERRORLEVEL%
goto :qfe_done
:qfe_ps
set "CIMCLS=Win32_QuickFixEngineering"
set "CIMNS=root/cimv2"
set "CIMFLT="
set "CIMPROPS=HotFixID,InstalledOn"
call :cim hotfixes
:qfe_done

call :begin srv_sys %WENC%
if defined NOWMIC goto :srv_ps
set "SRVP=%SystemRoot%\System32\drivers\srv.sys"
set "SRVP=%SRVP:\=\\%"
wmic datafile where "name='%SRVP%'" get Version /value <nul >"%TF%" 2>"%EF%"
call :put srv_sys %ERRORLEVEL%
goto :srv_done
:srv_ps
powershell -NoProfile -NonInteractive -Command "$f=Join-Path $env:SystemRoot 'System32\drivers\srv.sys'; if (Test-Path $f) { $i=(Get-Item $f).VersionInfo; 'Version={0}.{1}.{2}.{3}' -f $i.FileMajorPart,$i.FileMinorPart,$i.FileBuildPart,$i.FilePrivatePart }" <nul >"%TF%" 2>"%EF%"
call :put srv_sys %ERRORLEVEL%
:srv_done

rem -- password and lockout policy: secedit (needs elevation), net accounts as fallback
call :begin secedit encoding=utf-16le
if exist "%T%\sp.inf" del /f /q "%T%\sp.inf" >nul 2>&1
secedit /export /cfg "%T%\sp.inf" /areas SECURITYPOLICY /log "%T%\sp.log" /quiet <nul >"%EF%" 2>&1
set "RC=%ERRORLEVEL%"
type nul >"%TF%"
if exist "%T%\sp.inf" copy /y /b "%T%\sp.inf" "%TF%" >nul 2>&1
if not exist "%T%\sp.inf" if "%RC%"=="0" set "RC=1"
call :put secedit %RC%

call :begin net_accounts
net accounts <nul >"%TF%" 2>"%EF%"
call :put net_accounts %ERRORLEVEL%

rem -- local accounts and the Administrators group (found by SID S-1-5-32-544)
call :begin local_users %WENC%
if defined NOWMIC goto :users_ps
wmic useraccount where "LocalAccount=True" get Disabled,Lockout,Name,PasswordRequired,SID /value <nul >"%TF%" 2>"%EF%"
call :put local_users %ERRORLEVEL%
goto :users_done
:users_ps
set "CIMCLS=Win32_UserAccount"
set "CIMNS=root/cimv2"
set "CIMFLT=-Filter 'LocalAccount=True'"
set "CIMPROPS=Disabled,Lockout,Name,PasswordRequired,SID"
call :cim local_users
:users_done

call :begin local_admins %WENC%
if defined NOWMIC goto :admins_ps
set "ADMGRP="
for /f "usebackq tokens=2 delims==" %%G in (`wmic group where "LocalAccount=True and SID='S-1-5-32-544'" get Name /value 2^>nul ^<nul ^| find "="`) do for /f "delims=" %%H in ("%%G") do set "ADMGRP=%%H"
if defined ADMGRP goto :admins_q
type nul >"%TF%"
call :put local_admins 1
goto :admins_done
:admins_q
wmic path win32_groupuser where (GroupComponent="win32_group.name=\"%ADMGRP%\",domain=\"%COMPUTERNAME%\"") get PartComponent /value <nul >"%TF%" 2>"%EF%"
call :put local_admins %ERRORLEVEL%
goto :admins_done
:admins_ps
powershell -NoProfile -NonInteractive -Command "$g=Get-CimInstance Win32_Group -Filter 'SID=''S-1-5-32-544'''; foreach ($m in @(Get-CimAssociatedInstance -InputObject $g -Association Win32_GroupUser)) { ''; 'PartComponent=\\' + $env:COMPUTERNAME + '\root\cimv2:' + $m.CimClass.CimClassName + '.Domain=' + [char]34 + $m.Domain + [char]34 + ',Name=' + [char]34 + $m.Name + [char]34 }" <nul >"%TF%" 2>"%EF%"
call :put local_admins %ERRORLEVEL%
:admins_done

rem -- automatic logon: DefaultPassword is only tested for existence (data to nul)
call :begin autologon
set "WL=HKLM\SOFTWARE\Microsoft\Windows NT\CurrentVersion\Winlogon"
call :rq auto_admin_logon "%WL%" AutoAdminLogon
call :rq default_user "%WL%" DefaultUserName
call :rq default_domain "%WL%" DefaultDomainName
call :rq auto_logon_count "%WL%" AutoLogonCount
reg query "%WL%" /v DefaultPassword >nul 2>&1
call :mark default_password %ERRORLEVEL%
call :end autologon 0

rem -- screen saver of every loaded user profile (HKU\S-1-5-21-...), machine limit
call :begin screensaver
for /f "usebackq tokens=*" %%K in (`reg query HKU 2^>nul ^| findstr /i /c:"S-1-5-21-" ^| findstr /v /i /c:"_Classes"`) do call :ssuser "%%K"
call :rq machine "HKLM\SOFTWARE\Microsoft\Windows\CurrentVersion\Policies\System" InactivityTimeoutSecs
call :end screensaver 0

rem -- remote desktop
call :begin rdp
call :rq deny_local "HKLM\SYSTEM\CurrentControlSet\Control\Terminal Server" fDenyTSConnections
call :rq deny_policy "HKLM\SOFTWARE\Policies\Microsoft\Windows NT\Terminal Services" fDenyTSConnections
call :rq port "HKLM\SYSTEM\CurrentControlSet\Control\Terminal Server\WinStations\RDP-Tcp" PortNumber
call :end rdp 0

rem -- SMBv1 server and client
call :begin smb1
call :rq server "HKLM\SYSTEM\CurrentControlSet\Services\LanmanServer\Parameters" SMB1
call :rq client "HKLM\SYSTEM\CurrentControlSet\Services\mrxsmb10" Start
call :rq workstation_deps "HKLM\SYSTEM\CurrentControlSet\Services\LanmanWorkstation" DependOnService
call :end smb1 0

call :begin smb1_client
sc qc mrxsmb10 <nul >"%TF%" 2>"%EF%"
call :put smb1_client %ERRORLEVEL%

rem -- USB storage
call :begin usbstor
set "RSD=HKLM\SOFTWARE\Policies\Microsoft\Windows\RemovableStorageDevices"
call :rq start "HKLM\SYSTEM\CurrentControlSet\Services\USBSTOR" Start
call :rq deny_all "%RSD%" Deny_All
call :rq disk_read "%RSD%\{53f5630d-b6bf-11d0-94f2-00a0c91efb8b}" Deny_Read
call :rq disk_write "%RSD%\{53f5630d-b6bf-11d0-94f2-00a0c91efb8b}" Deny_Write
call :end usbstor 0

rem -- firewall: registry (policy wins over local) and netsh (localized)
call :begin firewall_reg
set "FP=HKLM\SYSTEM\CurrentControlSet\Services\SharedAccess\Parameters\FirewallPolicy"
set "WF=HKLM\SOFTWARE\Policies\Microsoft\WindowsFirewall"
call :rq local_domain "%FP%\DomainProfile" EnableFirewall
call :rq local_standard "%FP%\StandardProfile" EnableFirewall
call :rq local_public "%FP%\PublicProfile" EnableFirewall
call :rq policy_domain "%WF%\DomainProfile" EnableFirewall
call :rq policy_private "%WF%\PrivateProfile" EnableFirewall
call :rq policy_public "%WF%\PublicProfile" EnableFirewall
call :end firewall_reg 0

call :begin firewall
netsh advfirewall show allprofiles state <nul >"%TF%" 2>"%EF%"
call :put firewall %ERRORLEVEL%

rem -- services and antivirus
call :begin services
sc query type= service state= all <nul >"%TF%" 2>"%EF%"
call :put services %ERRORLEVEL%

rem    known antivirus services; names marked (?) in src/zicha/parsers/windows/known.py
rem    are unconfirmed: a wrong name only causes a miss
call :begin av_services
type nul >"%TF%"
for %%S in (WinDefend MsMpSvc ZhuDongFangYu HipsDaemon kxescore ntrtscan TmListen SepMasterService McShield ekrn AVP kavfs SmcService mfemms RsMgrSvc RavMonD QAXEntClient 360EntClient KVSrvXP EDRAgent TMBMServer) do call :avsvc %%S
call :put av_services 0

rem    Windows Security Center: clients only (servers have no root\SecurityCenter2)
call :begin antivirus %WENC%
if defined NOWMIC goto :av_ps
wmic /namespace:\\root\SecurityCenter2 path AntiVirusProduct get displayName,pathToSignedProductExe,productState,timestamp /value <nul >"%TF%" 2>"%EF%"
call :put antivirus %ERRORLEVEL%
goto :av_done
:av_ps
set "CIMCLS=AntiVirusProduct"
set "CIMNS=root/SecurityCenter2"
set "CIMFLT="
set "CIMPROPS=displayName,pathToSignedProductExe,productState,timestamp"
call :cim antivirus
:av_done

call :begin defender
call :rk signatures "HKLM\SOFTWARE\Microsoft\Windows Defender\Signature Updates"
call :rk mse_signatures "HKLM\SOFTWARE\Microsoft\Microsoft Antimalware\Signature Updates"
call :rq disabled_policy "HKLM\SOFTWARE\Policies\Microsoft\Windows Defender" DisableAntiSpyware
call :rq disabled_local "HKLM\SOFTWARE\Microsoft\Windows Defender" DisableAntiSpyware
call :rq realtime_policy "HKLM\SOFTWARE\Policies\Microsoft\Windows Defender\Real-Time Protection" DisableRealtimeMonitoring
call :end defender 0

rem    PowerShell extra (Windows 8 / Server 2016 and later): Defender's own status
if defined NOPS goto :ps_done
powershell -NoProfile -NonInteractive -Command "if (Get-Command Get-MpComputerStatus -ErrorAction SilentlyContinue) { exit 0 } else { exit 3 }" <nul >nul 2>&1
if errorlevel 1 goto :ps_done
call :begin ps_defender
powershell -NoProfile -NonInteractive -Command "Get-MpComputerStatus | Format-List AntivirusEnabled,RealTimeProtectionEnabled,AntivirusSignatureAge,AntivirusSignatureVersion" <nul >"%TF%" 2>"%EF%"
call :put ps_defender %ERRORLEVEL%
:ps_done

rem -- processes, listening ports, network adapters, Wi-Fi
call :begin tasklist
tasklist /fo csv /nh <nul >"%TF%" 2>"%EF%"
call :put tasklist %ERRORLEVEL%

call :begin netstat
netstat -ano <nul >"%TF%" 2>"%EF%"
call :put netstat %ERRORLEVEL%

call :begin adapters_wmic %WENC%
if defined NOWMIC goto :nic_ps
wmic nicconfig where IPEnabled=True get DefaultIPGateway,Description,Index,IPAddress,IPSubnet,MACAddress /value <nul >"%TF%" 2>"%EF%"
call :put adapters_wmic %ERRORLEVEL%
goto :nic_done
:nic_ps
set "CIMCLS=Win32_NetworkAdapterConfiguration"
set "CIMNS=root/cimv2"
set "CIMFLT=-Filter 'IPEnabled=True'"
set "CIMPROPS=DefaultIPGateway,Description,Index,IPAddress,IPSubnet,MACAddress"
call :cim adapters_wmic
:nic_done

call :begin adapters
ipconfig /all <nul >"%TF%" 2>"%EF%"
call :put adapters %ERRORLEVEL%

call :begin wlan
netsh wlan show interfaces <nul >"%TF%" 2>&1
call :put wlan %ERRORLEVEL%

call :begin wlan_hosted
netsh wlan show hostednetwork <nul >"%TF%" 2>&1
call :put wlan_hosted %ERRORLEVEL%

rem -- first line of each section's stderr, for error messages only
call :begin collector_stderr
copy /y /b "%ERRLOG%" "%TF%" >nul 2>&1
call :put collector_stderr 0

rem ================================ finish ==================================
if exist "%OUT%" del /f /q "%OUT%" >nul 2>&1
move /y "%PART%" "%OUT%" >nul
if errorlevel 1 (
    echo zicha: could not write "%OUT%" 1>&2
    rd /s /q "%T%" >nul 2>&1
    exit /b 1
)
rd /s /q "%T%" >nul 2>&1
echo zicha: wrote "%OUT%"
if "%URL%"=="" goto :finished
call :upload
:finished
endlocal
exit /b 0

rem ============================== subroutines ===============================
:begin
rem   arguments: section name, optional attribute (encoding=utf-16le)
if "%~2"=="" (>>"%PART%" echo --%B% BEGIN %~1) else (>>"%PART%" echo --%B% BEGIN %~1 %~2)
type nul >"%TF%"
type nul >"%EF%"
exit /b 0

:end
rem   exactly one CRLF before the END line; the reader strips exactly that one
>>"%PART%" echo(
>>"%PART%" echo --%B% END %~1 exit=%~2
exit /b 0

:put
rem   append the captured output byte for byte, then END with the exit status
copy /b "%PART%"+"%TF%" "%PART%" >nul 2>&1
for /f "usebackq delims=" %%L in ("%EF%") do (
    >>"%ERRLOG%" echo %~1: %%L
    goto :put_end
)
:put_end
call :end %1 %2
exit /b 0

:blk
rem   one sub-command of a composite section: a "label exit=N" header line, then its output
>>"%PART%" echo ^>^>^> %~1 exit=%~2
copy /b "%PART%"+"%TF%" "%PART%" >nul 2>&1
exit /b 0

:mark
>>"%PART%" echo ^>^>^> %~1 exit=%~2
exit /b 0

:rq
rem   reg query KEY /v VALUE (exit 1 = absent); errors (localized) go to nul
reg query "%~2" /v "%~3" <nul >"%TF%" 2>nul
call :blk %1 %ERRORLEVEL%
exit /b 0

:rk
rem   reg query KEY (all values of one key)
reg query "%~2" <nul >"%TF%" 2>nul
call :blk %1 %ERRORLEVEL%
exit /b 0

:ssuser
set "HK=%~1"
set "SID=%HK:HKEY_USERS\=%"
type nul >"%TF%"
call :blk user:%SID% 0
call :rq desktop "%HK%\Control Panel\Desktop" ScreenSaveActive
call :rq desktop "%HK%\Control Panel\Desktop" ScreenSaverIsSecure
call :rq desktop "%HK%\Control Panel\Desktop" ScreenSaveTimeOut
call :rq desktop "%HK%\Control Panel\Desktop" SCRNSAVE.EXE
call :rk policy "%HK%\Software\Policies\Microsoft\Windows\Control Panel\Desktop"
exit /b 0

:avsvc
sc query %1 <nul >nul 2>&1
if errorlevel 1 exit /b 0
sc query %1 <nul >>"%TF%" 2>nul
exit /b 0

:cim
rem   wmic-style "Name=Value" lines from PowerShell (when wmic is missing):
rem   CIMCLS, CIMNS, CIMFLT, CIMPROPS are set by the caller
if defined NOPS (
    type nul >"%TF%"
    call :put %1 9009
    exit /b 0
)
powershell -NoProfile -NonInteractive -Command "$ErrorActionPreference='Stop'; foreach ($o in @(Get-CimInstance -Namespace '%CIMNS%' -ClassName '%CIMCLS%' %CIMFLT%)) { ''; foreach ($p in '%CIMPROPS%'.Split(',')) { $v=$o.$p; if ($v -is [array]) { $v='{' + (($v | ForEach-Object { [char]34 + $_ + [char]34 }) -join ',') + '}' } elseif ($v -is [bool]) { $v=$v.ToString().ToUpper() }; '{0}={1}' -f $p,$v } }" <nul >"%TF%" 2>"%EF%"
call :put %1 %ERRORLEVEL%
exit /b 0

:utc
rem   LDT (local time + offset in minutes) to CAT (UTC, ISO-8601), integer
rem   civil-date arithmetic; "1xx-100" avoids set /a reading 08 and 09 as octal
set /a Y=%LDT:~0,4%, MO=1%LDT:~4,2%-100, D=1%LDT:~6,2%-100, H=1%LDT:~8,2%-100, MI=1%LDT:~10,2%-100
set "S=%LDT:~12,2%"
set "OFF=%LDT:~21%"
if "%OFF%"=="" set "OFF=0"
set /a OFF=%OFF%
set /a YY=Y
if %MO% LEQ 2 set /a YY=Y-1
if %MO% GTR 2 (set /a MP=MO-3) else (set /a MP=MO+9)
set /a ERA=YY/400, YOE=YY-ERA*400
set /a DOY=(153*MP+2)/5+D-1, DOE=YOE*365+YOE/4-YOE/100+DOY
set /a DAYS=ERA*146097+DOE-719468
set /a TM=DAYS*1440+H*60+MI-OFF
set /a DAYS=TM/1440, REM_=TM%%1440
set /a H=REM_/60, MI=REM_%%60
set /a Z=DAYS+719468
set /a ERA=Z/146097, DOE=Z-ERA*146097
set /a YOE=(DOE-DOE/1460+DOE/36524-DOE/146096)/365
set /a Y=YOE+ERA*400, DOY=DOE-(365*YOE+YOE/4-YOE/100)
set /a MP=(5*DOY+2)/153
set /a D=DOY-(153*MP+2)/5+1
if %MP% LSS 10 (set /a MO=MP+3) else (set /a MO=MP-9)
if %MO% LEQ 2 set /a Y=Y+1
set "MO=0%MO%"
set "D=0%D%"
set "H=0%H%"
set "MI=0%MI%"
set "CAT=%Y%-%MO:~-2%-%D:~-2%T%H:~-2%:%MI:~-2%:%S%Z"
exit /b 0

:upload
rem   POST the bundle: curl.exe (Windows 10 1803+), else PowerShell WebClient
rem   (PowerShell 2.0 on Windows 7 has no Invoke-WebRequest). bitsadmin is not
rem   used: BITS uploads need the BITS server extension, not a plain HTTP POST.
set "ZU=%URL%"
set "ZT=%TOKEN%"
set "ZF=%OUT%"
for %%F in ("%OUT%") do set "ZN=%%~nxF"
where curl >nul 2>&1
if errorlevel 1 goto :upload_ps
curl -sS -f --max-time 120 -X POST -H "Authorization: Bearer %TOKEN%" -H "Content-Type: application/octet-stream" -H "X-Zicha-Filename: %ZN%" --data-binary "@%OUT%" "%URL%" <nul >nul
if errorlevel 1 goto :upload_ps
echo zicha: uploaded to %URL%
exit /b 0
:upload_ps
if defined NOPS goto :upload_failed
powershell -NoProfile -NonInteractive -Command "try { [Net.ServicePointManager]::SecurityProtocol = [Net.ServicePointManager]::SecurityProtocol -bor 3072 } catch {}; $c = New-Object Net.WebClient; $c.Headers.Add('Authorization', 'Bearer ' + $env:ZT); $c.Headers.Add('Content-Type', 'application/octet-stream'); $c.Headers.Add('X-Zicha-Filename', $env:ZN); [void]$c.UploadData($env:ZU, 'POST', [IO.File]::ReadAllBytes($env:ZF))" <nul >nul 2>&1
if errorlevel 1 goto :upload_failed
echo zicha: uploaded to %URL%
exit /b 0
:upload_failed
echo zicha: upload failed; the bundle stays in "%OUTDIR%" for import 1>&2
exit /b 0
