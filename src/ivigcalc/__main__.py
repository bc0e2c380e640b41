from ivigcalc.cli import main

main()
