# coding: Hex
