"""A small service with the logging mistakes loglint finds."""

import logging

logger = logging.getLogger(__name__)


def charge(order_id, amount):
    logger.info(f"charging order {order_id} for {amount!r}")
    logger.debug("order total: " + str(amount))
    logger.info("charged order %s" % (order_id,))
    logger.warning("retrying {} in {}s".format(order_id, 5))
    logger.info("done %s %s", order_id)
