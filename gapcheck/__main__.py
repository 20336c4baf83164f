from gapcheck.cli import main

main()
