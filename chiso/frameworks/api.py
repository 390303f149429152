from ninja import Router

router = Router(tags=["Chỉ số và kết quả"])
