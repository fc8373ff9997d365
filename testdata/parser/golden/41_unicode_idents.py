é = 1
naïve = é + 1
日本 = "japan"
ﬁle = 2
ℌ = 3
x = ﬁle + ℌ
def función(parámetro):
    return parámetro
class Ωmega:
    ψ = 1
obj.ñ = 2
f(ü=1)
import ą as ę
x = 'é' + é
y = [é for é in 'abc']
