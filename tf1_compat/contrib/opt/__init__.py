"""`tf.contrib.opt`: the optimizers 2018 code used, as TF 1.15 computed them.

All are `tf.compat.v1.train.Optimizer`s with TF 1.15's slot and variable names,
so checkpoints restore: `LazyAdamOptimizer`, `NadamOptimizer`, `AdamWOptimizer`
(slots `m`, `v`, variables `beta1_power`, `beta2_power`, as Adam),
`MomentumWOptimizer` (`momentum`), `extend_with_decoupled_weight_decay`,
`DecoupledWeightDecayExtension`, `MovingAverageOptimizer` (with
`swapping_saver`), `PowerSignOptimizer`, `AddSignOptimizer` (slot `m`; their
schedules in `sign_decay`), `AdamGSOptimizer`, `LazyAdamGSOptimizer`. The
distributed and experimental ones are refused with the closest replacement.
"""

from tf1_compat.contrib.opt.adam_gs_optimizer import AdamGSOptimizer
from tf1_compat.contrib.opt.addsign import AddSignOptimizer
from tf1_compat.contrib.opt.lazy_adam_gs_optimizer import LazyAdamGSOptimizer
from tf1_compat.contrib.opt.lazy_adam_optimizer import LazyAdamOptimizer
from tf1_compat.contrib.opt.moving_average_optimizer import MovingAverageOptimizer
from tf1_compat.contrib.opt.nadam_optimizer import NadamOptimizer
from tf1_compat.contrib.opt.powersign import PowerSignOptimizer
from tf1_compat.contrib.opt.weight_decay_optimizers import AdamWOptimizer
from tf1_compat.contrib.opt.weight_decay_optimizers import DecoupledWeightDecayExtension
from tf1_compat.contrib.opt.weight_decay_optimizers import extend_with_decoupled_weight_decay
from tf1_compat.contrib.opt.weight_decay_optimizers import MomentumWOptimizer
from tf1_compat.framework import not_provided

__all__ = [
    "AdamGSOptimizer",
    "AdamWOptimizer",
    "AddSignOptimizer",
    "DecoupledWeightDecayExtension",
    "LazyAdamGSOptimizer",
    "LazyAdamOptimizer",
    "MomentumWOptimizer",
    "MovingAverageOptimizer",
    "NadamOptimizer",
    "PowerSignOptimizer",
    "extend_with_decoupled_weight_decay",
]

_DISTRIBUTED = ("the parameter-server averaging optimizers were removed with "
                "contrib")
_NOT_REBUILT = "this contrib.opt optimizer is not rebuilt"
_REFUSED = {
    "ElasticAverageOptimizer": (
        _DISTRIBUTED, "tf.distribute.MirroredStrategy (synchronous training) "
        "with tf.compat.v1.train.MomentumOptimizer"),
    "ElasticAverageCustomGetter": (
        _DISTRIBUTED, "tf.distribute.MirroredStrategy"),
    "ModelAverageOptimizer": (
        _DISTRIBUTED, "tf.distribute.MirroredStrategy, or "
        "tf.contrib.opt.MovingAverageOptimizer (provided) for averaged "
        "weights"),
    "ModelAverageCustomGetter": (_DISTRIBUTED, "tf.distribute.MirroredStrategy"),
    "AGNOptimizer": (_DISTRIBUTED, "tf.distribute.MirroredStrategy"),
    "AGNCustomGetter": (_DISTRIBUTED, "tf.distribute.MirroredStrategy"),
    "DropStaleGradientOptimizer": (
        _DISTRIBUTED, "synchronous training with tf.distribute.MirroredStrategy"),
    "DelayCompensatedGradientDescentOptimizer": (
        _DISTRIBUTED, "tf.compat.v1.train.GradientDescentOptimizer with "
        "synchronous training"),
    "ScipyOptimizerInterface": (
        "the SciPy bridge is not rebuilt",
        "tfp.optimizer.lbfgs_minimize from TensorFlow Probability, or "
        "scipy.optimize.minimize over session.run of the loss and gradients"),
    "ExternalOptimizerInterface": (
        "the external-optimizer base is not rebuilt",
        "scipy.optimize.minimize over session.run of the loss and gradients"),
    "AdaMaxOptimizer": (_NOT_REBUILT, "tf.compat.v1.train.AdamOptimizer, or "
                        "tf.raw_ops.ApplyAdaMax in a custom optimizer"),
    "LARSOptimizer": (_NOT_REBUILT, "tf.compat.v1.train.MomentumOptimizer"),
    "GGTOptimizer": (_NOT_REBUILT, "tf.compat.v1.train.AdamOptimizer"),
    "ShampooOptimizer": (_NOT_REBUILT, "tf.compat.v1.train.AdagradOptimizer"),
    "RegAdagradOptimizer": (_NOT_REBUILT,
                            "tf.compat.v1.train.AdagradOptimizer"),
    "VariableClippingOptimizer": (
        _NOT_REBUILT, "the base optimizer followed by tf.clip_by_norm "
        "assignments to the variables"),
    "MultitaskOptimizerWrapper": (
        _NOT_REBUILT, "tf.clip_by_global_norm on each task's gradients before "
        "apply_gradients"),
    "clip_gradients_by_global_norm": (
        _NOT_REBUILT, "tf.clip_by_global_norm on the gradients of "
        "compute_gradients"),
}

__getattr__ = not_provided.partial_module_getattr("tf.contrib.opt", __all__,
                                                  refused=_REFUSED)
