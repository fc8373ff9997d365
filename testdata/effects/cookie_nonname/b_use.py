bo_gus = "bo_gus_x"
