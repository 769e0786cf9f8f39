from workstatus.cli import main

main()
