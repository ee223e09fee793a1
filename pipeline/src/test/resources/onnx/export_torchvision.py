"""Exports torchvision architectures (seeded random weights) to ONNX with torch.onnx.export, and
writes what PyTorch computes on a real photo: the photo at the network's size (PNG), the normalized
input (NCHW float32) and the logits.

usage: python3 export_torchvision.py OUT_DIR PHOTO ARCH...
"""
import sys

import torch
import torchvision
from PIL import Image

out, photo, archs = sys.argv[1], sys.argv[2], sys.argv[3:]
MEAN = torch.tensor([0.485, 0.456, 0.406]).view(1, 3, 1, 1)
STD = torch.tensor([0.229, 0.224, 0.225]).view(1, 3, 1, 1)
EXTRA = {
    "googlenet": {"aux_logits": False, "init_weights": True},
    "inception_v3": {"aux_logits": False, "init_weights": True},
}

for arch in archs:
    torch.manual_seed(0)
    model = getattr(torchvision.models, arch)(weights=None, **EXTRA.get(arch, {})).eval()
    size = 299 if arch == "inception_v3" else 224
    img = Image.open(photo).convert("RGB").resize((size, size), Image.BILINEAR)
    img.save(f"{out}/{arch}.input.png")
    x = torch.frombuffer(bytearray(img.tobytes()), dtype=torch.uint8).view(size, size, 3)
    x = ((x.permute(2, 0, 1).unsqueeze(0).float() / 255) - MEAN) / STD
    # Random weights leave activations vanishing or exploding layer by layer; batch statistics
    # measured on the photo (and noisy copies of it) give the BatchNorm layers realistic running
    # means and variances, as training would, so the network's activations have a sensible scale.
    bns = [m for m in model.modules() if isinstance(m, torch.nn.modules.batchnorm._BatchNorm)]
    if bns:
        for m in bns:
            m.reset_running_stats()
            m.momentum = None
        model.train()
        with torch.no_grad():
            for _ in range(4):
                model(torch.cat([x, x + 0.3 * torch.randn_like(x)]))
        model.eval()
    with torch.no_grad():
        logits = model(x)
    # VGG's adaptive pooling exports only at a fixed size; its convolutions still take any size.
    dynamic = {} if arch.startswith("vgg") else {"image": {2: "height", 3: "width"}}
    torch.onnx.export(model, x, f"{out}/{arch}.onnx", opset_version=13, input_names=["image"],
                      output_names=["logits"], dynamic_axes=dynamic, do_constant_folding=True)
    x.numpy().astype("<f4").tofile(f"{out}/{arch}.input.f32")
    logits.numpy().astype("<f4").tofile(f"{out}/{arch}.logits.f32")
    print(arch, "exported", flush=True)
