from ninja import Router

router = Router(tags=["Theo dõi nhiệm vụ"])
