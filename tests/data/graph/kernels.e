# A small LDBC-style edge list for the kernel scenarios: 1..6 and the isolated 9.
1 2 0.5
1 3 2
2 3 1
3 4 1
4 1 3
5 6 1
