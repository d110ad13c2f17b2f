-- decimal literals with fractions and exponents
print(1e0, 1e1, 1E2, 1e+3, 1e-3, 2.5e3, .5e1, 5.e1)
print(1e308, 1e309, -1e309, 1e-320, 1e-400)
print(3., .3, 0.0, 00.5, 007)
print(loadstring("return 1e"))
print(loadstring("return 1.2.3"))
print(loadstring("return 3x"))
