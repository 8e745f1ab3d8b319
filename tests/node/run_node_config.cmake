# cmake -DMODULE=node/cmake/NodeConfig.cmake -DJSON=config.json -DOUT=node_config.h -P run_node_config.cmake
# Runs the node-config parser alone, as the build does at configure time (tests/node/node_config_test.cpp).
cmake_minimum_required(VERSION 3.25)
include(${MODULE})
onechan_node_config(${JSON} ${OUT})
