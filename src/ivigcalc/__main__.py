from ivigcalc._entry import main

main()
