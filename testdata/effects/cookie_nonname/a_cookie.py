# coding: bo-gus.x
