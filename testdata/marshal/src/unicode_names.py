# -*- coding: utf-8 -*-
café = "naïve résumé"
ñame = "日本語テキスト"
emoji = "\U0001F600 smile"
lone = "\ud800 lone surrogate"
mixed = ("ascii", "ünïcode", "\u20ac", b"bytes")


def größe(länge, breite):
    fläche = länge * breite
    return fläche


class Straße:
    def __init__(self, näme):
        self.näme = näme
