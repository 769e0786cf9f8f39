import pytest


@pytest.fixture(scope="session")
def model():
    """The shipped model, loaded once (verified against its manifest)."""
    import workstatus

    return workstatus.load_model()


RIDER = (
    "孙某于2019年6月11日进入某外卖平台配送站点工作。孙某按照某物流公司要求在规定时间、指定区域范围内执行平台派发的配送任务，"
    "拒单要扣款，超时送达也要罚款。某物流公司根据孙某出勤及订单完成情况向其按月支付劳动报酬。"
)
STREAMER = (
    "The streamer chose her own hours and content, worked for several other platforms at the same time, "
    "set her own prices for sponsored posts, and owned her studio equipment."
)


@pytest.fixture
def rider():
    return RIDER


@pytest.fixture
def streamer():
    return STREAMER
