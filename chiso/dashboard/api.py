from ninja import Router

router = Router(tags=["Tổng quan"])
