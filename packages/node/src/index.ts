// @retain/core
export {};
